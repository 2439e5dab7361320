import { createApp } from 'vue';
import '@iamsmart/elements';
import App from './App.vue';

createApp(App).mount('#app');
