// Vite's client types: imported assets (`import url from './a.avif'`) are URLs.
/// <reference types="vite/client" />
