import './jitlessZod';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/base.css';
import './styles/home.css';
import './styles/workspace.css';
import './styles/canvas.css';
import './styles/findings.css';
import './styles/review.css';
import './styles/plan.css';
import { App } from './App';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
