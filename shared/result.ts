// Errors are data: a stable code and a Chinese message, in one envelope on every transport
// (an Error thrown through Electron IPC keeps only its message, so we never rely on throwing across).

export type ErrorCode =
  | 'invalid_input' // the request does not match the contract
  | 'validation' // a value the clerk entered is not acceptable
  | 'not_found'
  | 'conflict' // e.g. a duplicate 工单编号 or unit name
  | 'bad_file' // an uploaded file cannot be read
  | 'ledger_too_new' // the ledger was written by a newer version of the app
  | 'forbidden'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** Row-level or cell-level details, e.g. which pasted cells were refused. */
  details?: unknown;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
