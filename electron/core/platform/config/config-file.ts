/** The config file's name under the data directory (zod-free, for the helper's path). */
export const CONFIG_FILE = 'config.json'
