// Each line marked `expect:` must fail tsc with that message, and nothing else in the app may;
// check-frameworks.js asserts it.
import '@iamsmart/elements/login-button/define';

export function Wrong() {
  return (
    <div>
      <iams-login-button mode="bogus" />{/* expect: Type '"bogus"' is not assignable to type '"auto" | */}
      <iams-login-button onIamsLogin={() => undefined} />{/* expect: Did you mean ''oniams-login''? */}
      <iams-provider client-id={42} />{/* expect: Type 'number' is not assignable to type 'string' */}
      <iams-login-button oniams-login={(event: MouseEvent) => event.button} />{/* expect: is not assignable to type '(event: IamsLoginEvent) => void' */}
      <iams-logn-button />{/* expect: Property 'iams-logn-button' does not exist on type 'JSX.IntrinsicElements' */}
    </div>
  );
}
