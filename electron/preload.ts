// The only thing the page gets from Electron: window.hotline.call(method, input), which resolves
// to the dispatcher's {ok, value | error} envelope. Built as CommonJS (sandboxed preloads cannot
// load ES modules), with 'electron' as its only import.
import { contextBridge, ipcRenderer } from 'electron';
import type { Envelope } from '../shared/result';
import { IPC_CHANNEL } from './security';

export interface HotlineBridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
}

const bridge: HotlineBridge = {
  call: (method, input) => ipcRenderer.invoke(IPC_CHANNEL, method, input) as Promise<Envelope<unknown>>,
};

contextBridge.exposeInMainWorld('hotline', bridge);
