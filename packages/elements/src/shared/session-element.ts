import { ContextConsumer } from '@lit/context';
import type { IamSmartAnyClient } from '@iamsmart/sdk';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { iamsActivityContext, iamsClientContext, type IamsProviderActivity } from './context.js';

/**
 * What every element that shows a cross-device session takes from its page (`<iams-qr-login>`,
 * `<iams-sign-dialog>`, `<iams-eme-autofill>`): the SDK client and the closest provider's activity,
 * and the clock the QR code's countdown reads.
 */
export class SessionElement extends LitElement {
  /** The SDK client, from the closest `<iams-provider>` (set it yourself when there is none). */
  @property({ attribute: false })
  client?: IamSmartAnyClient;

  /** The clock the QR code's countdown reads, in ms since the epoch. Tests and stories set a fixed one. */
  @property({ attribute: false }) now: () => number = () => Date.now();

  /** What the closest provider is busy with: while it loads the SDK, a click waits for it rather than failing. */
  @state()
  protected providerActivity: IamsProviderActivity = 'idle';

  // The provider's contexts, with @lit/context's controller rather than its decorator, which would otherwise ride on the
  // login button's first paint in the chunk esbuild shares with this one (decision 050). The first field, so the consumers
  // connect before the subclasses' controllers, as the decorator's did.
  // eslint-disable-next-line no-unused-private-class-members -- kept for what the constructors do
  readonly #consumers = [
    new ContextConsumer(this, { context: iamsClientContext, subscribe: true, callback: (client) => (this.client = client) }),
    new ContextConsumer(this, { context: iamsActivityContext, subscribe: true, callback: (activity) => (this.providerActivity = activity) }),
  ];
}
