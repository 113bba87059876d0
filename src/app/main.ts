import { mount } from 'svelte';
import { createBridge } from '../bridge';
import App from './App.svelte';
import { BatchSession } from './batch/batch.svelte';
import { OfflineApp } from './offline/offline.svelte';
import { Session } from './state/session.svelte';
import { ModelManager } from './state/model-manager.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount into.');

const bridge = createBridge();
const session = new Session(bridge);
const batch = new BatchSession(bridge, session);
const manager = new ModelManager(bridge, (error, fallback) => session.fail(error, fallback), () => void session.refreshModels());
void session.start();
const offline = new OfflineApp();
void offline.start();

export default mount(App, { target, props: { session, batch, offline, manager } });
