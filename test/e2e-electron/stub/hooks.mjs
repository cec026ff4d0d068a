/** Module hooks (module.register): `electron`, from any importer, resolves to the recording stub. */
const STUB = new URL('./electron.mjs', import.meta.url).href

export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { url: STUB, shortCircuit: true }
  return next(specifier, context)
}
