import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = (p: string) => resolve(import.meta.dirname, p)

export default defineConfig({
  main: { build: { lib: { entry: root('src-main/index.ts') } } },
  preload: {
    build: {
      externalizeDeps: false, // sandboxed preload: one self-contained file
      rolldownOptions: {
        input: { index: root('src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }, // a sandbox cannot load ESM
      },
    },
  },
  renderer: {
    root: root('src-renderer'),
    build: { rolldownOptions: { input: root('src-renderer/index.html') } },
    plugins: [vue()],
  },
})
