import type { ResolvedIamSmartConfig } from './config/types.js';
import type { Emitter, IamSmartEventMap } from './events.js';
import type { Provider } from './provider.js';
import type { SessionFlow, SessionShape } from './session/engine.js';
import type { Session, SessionSnapshot } from './session/types.js';
import type { OidcApproval } from './transport/oidc/transport.js';

/** What each feature gets from the client that composes them. */
export interface ClientParts {
  readonly config: ResolvedIamSmartConfig;
  readonly provider: Provider;
  readonly events: Emitter<IamSmartEventMap>;
  /** Runs `flow` as a session over the client's transport; a failure emits `error`. */
  openSession<Result, Snapshot extends SessionSnapshot>(flow: SessionFlow<OidcApproval, Result, Snapshot>, shape: SessionShape<Result, Snapshot>): Session<Snapshot, Result>;
}
