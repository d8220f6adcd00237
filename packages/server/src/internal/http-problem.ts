import type { ErrorCode } from '@tessera/protocol';
import { type ProblemInit, problemResponse } from '../http/problem-response.ts';

/** Thrown inside handlers to answer with a problem; turned into the response by onError. */
export class HttpProblem extends Error {
  readonly response: Response;
  constructor(code: ErrorCode, init?: ProblemInit) {
    super(code);
    this.name = 'HttpProblem';
    this.response = problemResponse(code, init);
  }
}
