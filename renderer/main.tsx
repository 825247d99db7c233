// SCAFFOLD: replaced by the real renderer in this session.
import { createRoot } from 'react-dom/client'

const root = document.getElementById('root')
if (root) createRoot(root).render(<h1>Spool</h1>)
