// Entry of the browser app (index.html loads it as a same-origin module: CSP default-src 'self').
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) render(<App />, root);
