import { consume } from '@lit/context';
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
  @consume({ context: iamsClientContext, subscribe: true })
  @property({ attribute: false })
  client?: IamSmartAnyClient;

  /** The clock the QR code's countdown reads, in ms since the epoch. Tests and stories set a fixed one. */
  @property({ attribute: false }) now: () => number = () => Date.now();

  /** What the closest provider is busy with: while it loads the SDK, a click waits for it rather than failing. */
  @consume({ context: iamsActivityContext, subscribe: true })
  @state()
  protected providerActivity: IamsProviderActivity = 'idle';
}
