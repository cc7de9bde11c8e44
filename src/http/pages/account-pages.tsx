/** Sign-up and sign-in forms. Errors are shown in plain words with their stable code. */
export interface FormError {
  code: string;
  message: string;
}

export function ErrorAlert(props: { error?: FormError }) {
  if (!props.error) return null;
  // tabindex -1 + data-focus: forms.js moves focus here, so a screen reader and a keyboard start at the problem
  return <div class="alert error" role="alert" tabindex={-1} data-focus><strong>{props.error.message}</strong> <span class="small">({props.error.code})</span></div>;
}

export function SignInPage(props: { email?: string; next?: string; error?: FormError; notice?: string }) {
  return (
    <section class="card">
      <h1>Sign in</h1>
      {props.notice ? <div class="alert ok" role="status">{props.notice}</div> : null}
      <ErrorAlert error={props.error} />
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={props.next ?? '/'} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button type="submit">Sign in</button></p>
      </form>
      <p>New to Pacelab? <a href="/sign-up">Create an account</a>.</p>
    </section>
  );
}

export function SignUpPage(props: { email?: string; name?: string; error?: FormError }) {
  return (
    <section class="card">
      <h1>Create your account</h1>
      <ErrorAlert error={props.error} />
      <form method="post" action="/sign-up">
        <input type="hidden" name="timeZone" value="" data-browser-tz />
        <label for="name">Name</label>
        <input id="name" name="name" type="text" autocomplete="name" required maxlength={120} value={props.name ?? ''} />
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        <label for="password">Password <span class="muted small">(at least 10 characters)</span></label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength={10} maxlength={256} />
        <p class="small muted">Times are shown in your browser’s time zone; you can change it in Settings.</p>
        <p><button type="submit">Create account</button></p>
      </form>
      <p>Already have an account? <a href="/sign-in">Sign in</a>.</p>
    </section>
  );
}
