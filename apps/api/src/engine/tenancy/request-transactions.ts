import { Injectable } from '@nestjs/common';
import { BeginOptions, OpenTransaction, Role, TenantDatabase, TenantTransaction, uuidLiteral } from '@mm/database';
import { Actor, actorScope, runAs } from '../auth/actor';
import { AuthException, AuthExceptionCode } from '../auth/auth.exception';
import { EngineException, EngineExceptionCode } from '../errors';

/** What a verified access token says; the user behind it is re-checked in the operation's transaction. */
export interface TokenClaims {
  sub: string;
  role: string;
  /** The account's token_version when the token was issued: a changed one revokes the token. */
  ver: number;
}

/** Per-request state, kept on the request object (it lives exactly as long as the request). */
interface RequestState {
  /** The request's shared transaction: queries' root fields, and field resolvers and DataLoaders. */
  shared?: Promise<{ open: OpenTransaction; actor: Actor }>;
  /** The connection closed before the answer was sent (a browser cancels a fetch on navigation). */
  abandoned?: boolean;
}

const STATE = Symbol('mm.requestTransactions');

export interface AuthenticatedRequest {
  claims?: TokenClaims;
  actor?: Actor;
  res?: { once(event: 'close', listener: () => void): unknown; readonly writableFinished?: boolean };
  [STATE]?: RequestState;
}

/**
 * One scoped transaction per operation. The transaction begins with the user's re-check, which
 * also sets the RLS scope (`app_authenticate`, in BEGIN's round trip); the scope check and the work
 * of the operation follow in it. A query's root fields share one transaction with the field
 * resolvers and DataLoaders of the request, committed when the answer is ready; a mutation gets
 * its own, committed when its root resolver returns (then the answer's fields read in one more,
 * read-only transaction).
 */
@Injectable()
export class RequestTransactions {
  constructor(private readonly db: TenantDatabase) {}

  /** Opens a transaction for the token's user, or refuses when the account is gone or inactive. */
  async begin(claims: TokenClaims, options: BeginOptions = {}): Promise<{ open: OpenTransaction; actor: Actor }> {
    let subject: string;
    try {
      subject = uuidLiteral(claims.sub);
    } catch {
      throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'The access token is invalid or expired');
    }
    const version = Number.isInteger(claims.ver) ? claims.ver : -1;
    let actor = null as Actor | null;
    let status = 'INACTIVE';
    const { open } = await this.db.begin(
      (rows) => {
        const user = rows[0] as (Omit<Actor, 'userId'> & { id: string; status: string; mustChangePassword: boolean }) | undefined;
        status = user?.status ?? 'INACTIVE';
        if (!user || status !== 'OK') return null;
        actor = {
          userId: user.id,
          email: user.email,
          role: user.role as Role,
          regionId: user.regionId,
          districtId: user.districtId,
          schoolId: user.schoolId,
          mustChangePassword: user.mustChangePassword,
        };
        return actorScope(actor);
      },
      options,
      `SELECT status, id, email, role, region_id AS "regionId", district_id AS "districtId", school_id AS "schoolId",
              must_change_password AS "mustChangePassword" FROM app_authenticate(${subject}, ${version})`,
    );
    if (status === 'REVOKED') throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'The access token was revoked; sign in again');
    if (!open || !actor) throw new AuthException(AuthExceptionCode.USER_INACTIVE, 'The account is not active');
    return { open, actor: actor as Actor };
  }

  /** The request's shared transaction, opened on first use (read-only when a mutation came first). */
  shared(request: AuthenticatedRequest, options: BeginOptions = {}): Promise<{ open: OpenTransaction; actor: Actor }> {
    const state = (request[STATE] ??= {});
    if (!state.shared) {
      if (!request.claims)
        throw new AuthException(AuthExceptionCode.TOKEN_INVALID, 'Authentication required: send Authorization: Bearer <token>');
      const opening = this.begin(request.claims, options);
      state.shared = opening;
      // Should the answer never be sent (the client went away), the connection still goes back.
      request.res?.once('close', () => {
        if (!request.res?.writableFinished) state.abandoned = true;
        void this.finish(request);
      });
      opening.catch(() => undefined);
    }
    return state.shared;
  }

  /**
   * Runs `work` (a DataLoader batch, a field resolver) in the request's shared transaction: the
   * query's own, or one read-only transaction for everything after a mutation's commit.
   */
  async read<T>(request: AuthenticatedRequest, work: (tx: TenantTransaction) => Promise<T>): Promise<T> {
    const { open, actor } = await this.shared(request, { readOnly: true });
    if (open.isFinished) throw this.abandonedOr(request, new Error("The request's shared transaction has already ended"));
    return runAs(actor, () => this.db.within(open, work));
  }

  /**
   * What to throw for `error` raised by the rest of an operation: when its client has gone away
   * (its transaction was committed on close), the request's abandonment — expected, not logged as
   * an internal error; otherwise the error itself.
   */
  abandonedOr(request: AuthenticatedRequest, error: unknown): unknown {
    if (!request[STATE]?.abandoned) return error;
    return new EngineException(EngineExceptionCode.REQUEST_ABANDONED, 'The client closed the request before its answer');
  }

  /** Commits the request's shared transaction, if it has one. Returns the error when the commit failed. */
  async finish(request: AuthenticatedRequest): Promise<unknown> {
    const shared = request[STATE]?.shared;
    if (!shared) return undefined;
    let open: OpenTransaction;
    try {
      ({ open } = await shared);
    } catch {
      return undefined; // a failed begin was answered by the operation that asked for it
    }
    try {
      await open.commit();
      return undefined;
    } catch (error) {
      return error;
    }
  }
}
