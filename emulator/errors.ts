/** Errors a handler throws; the server turns them into the wire error bodies. */

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** `{"detail": {"status": ..., "message": ...}}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): { detail: { status: string; message: string } } {
    return { detail: { status: this.status, message: this.message } };
  }
}

/** 422 `{"detail": [{loc, msg, type}]}`. */
export class ValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(issues.map((i) => `${i.loc.join(".")}: ${i.msg}`).join("; "));
    this.name = "ValidationError";
  }

  body(): { detail: ValidationIssue[] } {
    return { detail: this.issues };
  }
}

/** 404 with a `detail.status` naming what is missing. */
export const notFound = (status: string, message: string): ApiError => new ApiError(404, status, message);
/** 404 agent_not_found. */
export const agentNotFound = (id: string): ApiError => notFound("agent_not_found", `Agent ${id} not found`);
