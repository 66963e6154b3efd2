// Telling people of a run: the sinks of the config's `alerts:` list, with suppression kept in .perfgate/.
export { notifySinks, type NotifyOptions } from './notify.ts';
export { AlertSinkConfig, AlertSinks } from './sink-config.ts';
export { httpRequest } from './http.ts';
export { isHttpUrl, HttpUrl, redactUrl } from './http-url.ts';
