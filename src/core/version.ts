/** The version of alvh (package.json's; a test keeps them equal). Stored engine checkpoints are keyed by it. */
export const ALVH_VERSION = '0.1.0';
