/** Errors in plain words, with the stable code (the same codes as the API's problem+json). */
export function ErrorPage(props: { status: number; code: string; message: string; signedIn: boolean }) {
  return (
    <section class="card">
      <h1>{props.status === 404 ? 'Not found' : props.status === 403 ? 'Not allowed' : props.status >= 500 ? 'Something went wrong' : 'That did not work'}</h1>
      <div class="alert error" role="alert"><strong>{props.message}</strong> <span class="small">({props.code})</span></div>
      <p>{props.signedIn ? <a href="/">Back to the dashboard</a> : <a href="/sign-in">Sign in</a>}</p>
    </section>
  );
}
