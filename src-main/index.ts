// Electron entry (issue 7 wires the services here).
import { app } from 'electron'

app.whenReady().then(() => undefined)
