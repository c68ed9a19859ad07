/** Said instead of the browser's "Failed to fetch": the file is made on the server, so there is no offline export. */
export const OFFLINE_EXPORT_MESSAGE = 'You are offline: exports are made by the server. Reconnect and try again.';
