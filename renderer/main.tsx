// First: the first screen's calls leave before React is evaluated (see the module).
import './bridge/send-first-screen-calls.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { startMainEvents } from './bridge/main-events.ts'
import './styles.css'

const root = document.getElementById('root')
if (root) {
  startMainEvents()
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
