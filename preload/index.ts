// SCAFFOLD: replaced by the typed bridge (createSpoolApi) in this session.
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('spool', {})
