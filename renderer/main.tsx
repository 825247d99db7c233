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
