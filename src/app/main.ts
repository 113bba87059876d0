import { mount } from 'svelte';
import { createBridge } from '../bridge';
import App from './App.svelte';
import { OfflineApp } from './offline/offline.svelte';
import { Session } from './state/session.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount into.');

const session = new Session(createBridge());
void session.start();
const offline = new OfflineApp();
void offline.start();

export default mount(App, { target, props: { session, offline } });
