import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { createWebHistory } from 'vue-router';
import App from './App.vue';
import { createPortalRouter } from './router.js';
import './styles.css';

createApp(App).use(createPinia()).use(createPortalRouter(createWebHistory())).mount('#app');
