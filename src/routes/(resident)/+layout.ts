// Resident pages are plain server-rendered HTML: no client router, only a small script of their own.
export const csr = false;
