#!/usr/bin/env node
// Placeholder until the Electron shell lands (issue 7).
console.log('electronegativity: pending')
