// What the README's snippets take from the page around them (readme-N.html): its buttons, reached
// by id as browsers allow, and its own render function. Not part of any snippet.
declare var loginButton: HTMLButtonElement;
declare var logoutButton: HTMLButtonElement;
declare function render(claims: unknown): void;
