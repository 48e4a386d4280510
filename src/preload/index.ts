import { contextBridge } from 'electron'

// The typed IPC bridge comes with the shell issue; until then the page gets an empty api.
contextBridge.exposeInMainWorld('api', {})
