// A React 19 page using the elements through @iamsmart/elements/react's JSX types. The element
// modules are imported (defined) before React renders, so React sets properties, not attributes.
import { useState } from 'react';
import '@iamsmart/elements/provider/define';
import '@iamsmart/elements/login-button/define';
import '@iamsmart/elements/qr-login/define';
import '@iamsmart/elements/sign-dialog/define';
import '@iamsmart/elements/eme-autofill/define';
import type { IamsErrorDetail, IamsFilledEvent, IamsLoginEvent, IamsSignedEvent } from '@iamsmart/elements';
import type { IamSmartErrorCode } from '@iamsmart/sdk';

export function App() {
  const [fired, setFired] = useState<string[]>([]);
  const record = (what: string) => {
    setFired((list) => [...list, what]);
  };
  const onLogin = (event: IamsLoginEvent) => {
    const who: string = 'sub' in event.detail ? event.detail.sub : event.detail.openID;
    record(`oniams-login ${who}`);
  };
  const onError = (event: { detail: IamsErrorDetail }) => {
    const code: IamSmartErrorCode = event.detail.code;
    record(`oniams-error ${code}`);
  };
  // What a page gets if it bypasses the types (plain JavaScript, or a cast): React 19 adds a
  // listener for "IamsLogin", which no element fires. check-frameworks.js shows that in Chromium.
  const camelCaseHandler = { onIamsLogin: () => record('onIamsLogin') } as Record<string, unknown>;
  return (
    <>
      <iams-provider backend="/iamsmart" lang="zh-HK" oniams-logout={() => record('oniams-logout')} oniams-error={onError}>
        <iams-login-button id="typed" mode="redirect" variant="outline" size="large" full-width oniams-login={onLogin} oniams-error={onError} />
        <iams-login-button id="camel-case" iconOnly={true} {...camelCaseHandler} />
        <iams-sign-dialog document-name="Tenancy agreement.pdf" document={new Blob(['lease'])} oniams-signed={(event: IamsSignedEvent) => record(`oniams-signed ${event.detail.signer}`)} />
        <iams-qr-login manual flow="login" />
        <iams-eme-autofill for="application" form-name="Library card application" oniams-filled={(event: IamsFilledEvent) => record(`filled ${event.detail.filled.length}`)} />
      </iams-provider>
      <iams-provider issuer="https://iam-smart.example" client-id="your-client-id" storage="session" signingTrustAnchors={['-----BEGIN CERTIFICATE-----']} />
      <form id="application">
        <input name="surname" autoComplete="family-name" required />
      </form>
      <output id="fired">{fired.join('\n')}</output>
    </>
  );
}
