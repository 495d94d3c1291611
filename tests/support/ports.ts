/**
 * A random base for a test's fixed ports (a stack whose ports must be known before it starts), below Linux's
 * ephemeral range (32768–60999): a port there may be the local end of any outgoing connection of the
 * machine, and a fixed port picked from it was found taken ("address already in use").
 */
export function randomPortBase(): number {
  return 20_000 + Math.floor(Math.random() * 12_000);
}
