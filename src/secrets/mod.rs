//! Bring-your-own keys: an encrypted vault of API keys (Fernet tokens under a PBKDF2-derived
//! key) whose master secret lives in the OS keyring, `MAYA_MASTER_KEY`, or a passphrase prompt.
