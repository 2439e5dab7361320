/// <reference types="@iamsmart/elements/vue" />
