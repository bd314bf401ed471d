// The one logger type every module takes (pino's Logger satisfies it; tests pass a recording one).
// In the kernel: it imports nothing, so anything may depend on it.
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}
