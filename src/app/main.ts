import { mount } from 'svelte';
import { createBridge } from '../bridge';
import App from './App.svelte';
import { BatchSession } from './batch/batch.svelte';
import { Session } from './state/session.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element to mount into.');

const bridge = createBridge();
const session = new Session(bridge);
const batch = new BatchSession(bridge, session);
void session.start();

export default mount(App, { target, props: { session, batch } });
