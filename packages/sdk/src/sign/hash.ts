// Moved to ../document/hash.ts (the backend signing flow hashes too, and must not load sign/).
export * from '../document/hash.js';
