/** Settings: profile (heart rate, zone model, units, time zone), API tokens, your data (storage, export, delete my account). */
import type { ApiTokenInfo, Runner } from '../../ports';
import { ErrorAlert, type FormError } from './account-pages';
import { formatDateTime } from './format';
import { formatBytes } from '../../core/storage-quota';
import { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, weekStartDay, type Locale } from './locale';

/** A fixed sample date (28 Feb 2025, 07:30 UTC) in a locale, so the choice shows what it means. */
const SAMPLE = (l: Locale) => new Intl.DateTimeFormat(l, { timeZone: 'UTC', dateStyle: 'medium' }).format(new Date(Date.UTC(2025, 1, 28, 7, 30)));

export interface SettingsProps {
  runner: Runner;
  tokens: ApiTokenInfo[];
  newToken?: string;
  notice?: string;
  error?: FormError;
  zones: string[];
  /** to tell expired tokens (ms since the epoch) */
  now: number;
  /** bytes held against the quota (storage ledger) */
  storage?: { usedBytes: number; quotaBytes: number };
  /** the newest data export in storage (one is kept) */
  latestExport?: { id: string; size: number };
}

/** the expiries the token form offers (days); "never" is the default */
export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365];

export function SettingsPage(props: SettingsProps) {
  const r = props.runner;
  return (
    <>
      <h1>Settings</h1>
      {props.notice ? <div class="alert ok" role="status">{props.notice}</div> : null}
      <ErrorAlert error={props.error} />
      <section class="card">
        <h2>Profile</h2>
        <form method="post" action="/settings/profile">
          <label for="name">Name</label><input id="name" name="name" type="text" required maxlength={120} value={r.name} />
          <label for="maxHr">Maximum heart rate (bpm)</label><input id="maxHr" name="maxHr" type="number" min={100} max={250} value={r.maxHr === undefined ? '' : String(r.maxHr)} />
          <label for="restingHr">Resting heart rate (bpm)</label><input id="restingHr" name="restingHr" type="number" min={25} max={120} value={r.restingHr === undefined ? '' : String(r.restingHr)} />
          <label for="thresholdHr">Threshold heart rate (bpm)</label><input id="thresholdHr" name="thresholdHr" type="number" min={80} max={240} value={r.thresholdHr === undefined ? '' : String(r.thresholdHr)} />
          <label for="zoneModel">Heart-rate zone model</label>
          <select id="zoneModel" name="zoneModel">
            <option value="" selected={!r.zoneModel}>Default (% of max HR)</option>
            <option value="hrmax" selected={r.zoneModel === 'hrmax'}>% of max HR</option>
            <option value="hrr" selected={r.zoneModel === 'hrr'}>% of heart-rate reserve (Karvonen)</option>
            <option value="lthr" selected={r.zoneModel === 'lthr'}>% of threshold HR (Friel)</option>
          </select>
          <label for="units">Units</label>
          <select id="units" name="units">
            <option value="metric" selected={r.units === 'metric'}>Metric (km, m)</option>
            <option value="imperial" selected={r.units === 'imperial'}>Imperial (mi, ft)</option>
          </select>
          <label for="timeZone">Time zone</label>
          <select id="timeZone" name="timeZone">{props.zones.map((z) => <option value={z} selected={z === r.timeZone}>{z}</option>)}</select>
          <label for="locale">Date format</label>
          <select id="locale" name="locale" aria-describedby="locale-note">{LOCALES.map((l) => (
            <option value={l} selected={l === (isLocale(r.locale) ? r.locale : DEFAULT_LOCALE)}>{LOCALE_NAMES[l]} — {SAMPLE(l)}</option>
          ))}</select>
          <p id="locale-note" class="small muted">Every date in the app is written this way. Each session shows the local time where it happened when the file records it.</p>
          <label for="weekStart">Week starts on</label>
          <select id="weekStart" name="weekStart">
            <option value="" selected={!r.weekStart}>As the date format does ({weekStartDay(isLocale(r.locale) ? r.locale : DEFAULT_LOCALE, undefined) === 0 ? 'Sunday' : 'Monday'})</option>
            <option value="monday" selected={r.weekStart === 'monday'}>Monday</option>
            <option value="sunday" selected={r.weekStart === 'sunday'}>Sunday</option>
          </select>
          <p><button type="submit">Save profile</button></p>
        </form>
      </section>
      <section class="card" id="tokens">
        <h2>API tokens</h2>
        <p class="small muted">Tokens let scripts use the REST API (<code>Authorization: Bearer …</code>). A token is shown once, when it is created.</p>
        {props.newToken ? (
          <div class="alert ok" role="status"><p><strong>Your new token</strong> (copy it now; it will not be shown again):</p><code class="token" id="new-token">{props.newToken}</code>
            <p><button type="button" class="secondary" data-copy="new-token" hidden>Copy token</button></p></div>
        ) : null}
        <form method="post" action="/settings/tokens" class="filters">
          <div><label for="label">Label</label><input id="label" name="label" type="text" maxlength={120} placeholder="e.g. laptop script" /></div>
          <div><label for="scope">Access</label><select id="scope" name="scope">
            <option value="write" selected>Read and write</option><option value="read">Read only</option>
          </select></div>
          <div><label for="expires">Expires</label><select id="expires" name="expires">
            <option value="" selected>Never</option>
            {TOKEN_EXPIRY_DAYS.map((d) => <option value={String(d)}>{`In ${d} days`}</option>)}
          </select></div>
          <div><button type="submit">Create token</button></div>
        </form>
        {props.tokens.length === 0 ? <p class="empty">No tokens yet.</p> : (
          <div class="scroll" tabindex={0}><table>
            <thead><tr><th scope="col">Label</th><th scope="col">Starts with</th><th scope="col">Access</th><th scope="col" class="hide-narrow">Created</th><th scope="col">Last used</th><th scope="col" class="hide-narrow">Expires</th><th scope="col">State</th></tr></thead>
            <tbody>{props.tokens.map((t) => (
              <tr>
                <td>{t.label ?? '—'}</td><td><code>{t.prefix}…</code></td>
                <td>{t.scope === 'read' ? 'read only' : 'read and write'}</td>
                <td class="hide-narrow">{formatDateTime(t.createdAt, r.timeZone)}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt, r.timeZone) : 'never'}</td>
                <td class="hide-narrow">{t.expiresAt ? formatDateTime(t.expiresAt, r.timeZone) : 'never'}</td>
                <td>{t.revokedAt ? 'revoked' : t.expiresAt !== undefined && t.expiresAt <= props.now ? 'expired' : (
                  <form method="post" action={`/settings/tokens/${encodeURIComponent(t.id)}/revoke`} class="inline">
                    <button type="submit" class="secondary" aria-label={`Revoke token ${t.label ?? t.prefix}`}>Revoke</button>
                  </form>
                )}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </section>
      <section class="card">
        <h2>Sessions</h2>
        <form method="post" action="/settings/sign-out-everywhere">
          <p><label class="check"><input type="checkbox" name="revokeTokens" value="yes" /> Also revoke every API token (scripts using them stop working)</label></p>
          <p><button type="submit" class="secondary">Sign out on every device</button></p>
        </form>
      </section>
      <section class="card" id="your-data">
        <h2>Your data</h2>
        {props.storage ? (
          <p>Storage: <strong>{formatBytes(props.storage.usedBytes)}</strong> of {formatBytes(props.storage.quotaBytes)} used. Deleting a session frees its files; the last session of an upload frees the uploaded file.</p>
        ) : null}
        <h3 id="export">Export my data</h3>
        <p>One ZIP of every file you uploaded, each session's records (Parquet) and a JSON of your sessions and statistics. It is prepared in the background; the banner says when it is ready.</p>
        {props.latestExport ? (
          <p><a href={`/api/v1/exports/${encodeURIComponent(props.latestExport.id)}/download`} download>Download your export</a> ({formatBytes(props.latestExport.size)})</p>
        ) : null}
        <form method="post" action="/settings/export"><button type="submit" class="secondary">{props.latestExport ? 'Prepare a new export' : 'Prepare an export'}</button></form>
        <h3 id="delete-account">Delete my account</h3>
        <p>Deletes your account and everything in it — uploaded files, sessions, records, plans, tokens and settings. This cannot be undone; export your data first if you want to keep it.</p>
        <form method="post" action="/settings/account/delete">
          <label for="delete-password">Your password</label>
          <input id="delete-password" name="password" type="password" required autocomplete="current-password" maxlength={1024} />
          <p><label><input type="checkbox" name="confirm" value="yes" required /> I understand that my account and all my data will be deleted for good.</label></p>
          <p><button type="submit" class="danger">Delete my account</button></p>
        </form>
      </section>
    </>
  );
}
