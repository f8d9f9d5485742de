/** Base class for expected, user-facing errors: they carry a stable code and an HTTP status. */
export class FiredrillError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends FiredrillError {
  constructor(message: string, details?: unknown) {
    super(message, "invalid", 400, details);
  }
}

export class NotFoundError extends FiredrillError {
  constructor(message: string) {
    super(message, "not-found", 404);
  }
}

export class UnauthorizedError extends FiredrillError {
  constructor(message = "missing or invalid credentials") {
    super(message, "unauthorized", 401);
  }
}

export class ForbiddenError extends FiredrillError {
  constructor(message: string) {
    super(message, "forbidden", 403);
  }
}

export class ConflictError extends FiredrillError {
  constructor(message: string) {
    super(message, "conflict", 409);
  }
}

/** Configuration that cannot work; raised at start-up with every problem listed. */
export class ConfigError extends FiredrillError {
  constructor(message: string) {
    super(message, "config", 500);
  }
}
