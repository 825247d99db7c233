import { sendFirstScreenCalls } from './first-screen.ts'

// Imported for this effect, first, by renderer/main.tsx: an import is evaluated before the module that imports
// it, so the calls leave before the framework and the store are evaluated (B6: the first rows of a long queue).
sendFirstScreenCalls()
