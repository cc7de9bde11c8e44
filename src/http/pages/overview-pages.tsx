/** Dashboard, records and history pages: read models in, markup out. */
import type { HistoryRow, Runner, SessionRow, StoredPersonalBest } from '../../ports';
import { LineChart } from './charts/line-chart';
import { describeBacktest } from '../../core/critical-speed/backtest';
import { formatDate, formatDuration, formatRaceDistance, type Units } from './format';
import { formatRunPace } from './sport-format';
import { WeeklyVolumeChart } from './weekly-volume';
import { BestsTable, CsSummary, type CsResult, FitnessChart, SessionsTable } from './widgets';

export function DashboardPage(props: { runner: Runner; recent: SessionRow[]; days: HistoryRow[]; periodEnd: number; bests: StoredPersonalBest[]; cs: CsResult | null; volumeSport?: string }) {
  const { units, timeZone } = props.runner;
  return (
    <>
      <h1>Hello, {props.runner.name}</h1>
      <div id="dashboard-live" data-live="upload recompute reanalyse">
      <section class="card" id="recent">
        <h2>Recent sessions</h2>
        {props.recent.length === 0
          ? <p class="empty">No sessions yet. <a href="/upload">Upload your FIT files</a> (or a whole Garmin or Strava export as a ZIP) to get started.</p>
          : <><SessionsTable sessions={props.recent} units={units} timeZone={timeZone} /><p><a href="/sessions">All sessions →</a></p></>}
      </section>
      <p class="muted small">Training over the 12 weeks to {formatDate(props.periodEnd, timeZone)}. <a href="/history">Choose another range</a>.</p>
      <div class="grid2">
        <section class="card" id="volume"><h2>Weekly volume</h2><WeeklyVolumeChart days={props.days} units={units} sport={props.volumeSport} hrefFor={(s) => `/?volume=${encodeURIComponent(s)}#volume`} /></section>
        <section class="card"><h2>Fitness, fatigue and form</h2><FitnessChart days={props.days} /></section>
      </div>
      <div class="grid2">
        <section class="card"><h2>Personal bests</h2><BestsTable bests={props.bests} units={units} timeZone={timeZone} /><p><a href="/records">Records →</a></p></section>
        <section class="card"><h2>Critical speed</h2><CsSummary cs={props.cs} units={units} /></section>
      </div>
      </div>
    </>
  );
}

/** Distance against time of the efforts used, with the fitted line D = CS·t + D′. */
function CsPlot(props: { cs: CsResult }) {
  const efforts = props.cs.efforts ?? [];
  if (efforts.length < 2 || props.cs.csMps === undefined || props.cs.dPrimeM === undefined) return null;
  const maxT = Math.max(...efforts.map((e) => e.timeS)) * 1.1;
  const { csMps, dPrimeM } = props.cs;
  return (
    <LineChart id="cs-fit" title="Distance against time: efforts used (dots) and the fitted line D = CS·t + D′" readX="dur" readY="int m"
      formatX={(t) => formatDuration(t)} formatY={(d) => `${Math.round(d)} m`}
      series={[
        { name: 'Fitted line', className: 'series-1', points: [{ x: 0, y: dPrimeM }, { x: maxT, y: dPrimeM + csMps * maxT }] },
        // each effort drawn as its own tiny segment, so the dots need no separate chart type
        ...efforts.map((e) => ({ name: 'Effort', className: 'series-2 dotline', points: [{ x: e.timeS - maxT * 0.004, y: e.distanceM }, { x: e.timeS + maxT * 0.004, y: e.distanceM }] })),
      ]} />
  );
}

export function RecordsPage(props: { runner: Runner; bests: StoredPersonalBest[]; cs: CsResult | null }) {
  const { units, timeZone } = props.runner;
  const cs = props.cs;
  return (
    <>
      <h1>Records</h1>
      <div id="records-live" data-live="upload recompute reanalyse">
      <section class="card"><h2>Personal bests</h2><BestsTable bests={props.bests} units={units} timeZone={timeZone} withHistory /></section>
      <section class="card">
        <h2>Critical speed</h2>
        <CsSummary cs={cs} units={units} />
        {cs ? <CsPlot cs={cs} /> : null}
        {cs?.efforts?.length ? (
          <details><summary>Efforts used ({cs.efforts.length})</summary>
            <ul>{cs.efforts.map((e) => <li>{formatRaceDistance(e.distanceM)} in {formatDuration(e.timeS)} (<a href={`/sessions/${encodeURIComponent(e.sessionId)}`}>session</a>)</li>)}</ul>
          </details>
        ) : null}
        <h3>Race predictions</h3>
        {cs?.predictions?.length ? <Predictions items={cs.predictions} units={units} /> : <p class="empty">Predictions need a critical-speed estimate.</p>}
        {cs?.predictions?.length ? <BacktestNote cs={cs} /> : null}
      </section>
      </div>
    </>
  );
}

function Predictions(props: { items: NonNullable<CsResult['predictions']>; units: Units }) {
  return (
    <div class="scroll" tabindex={0}><table id="race-predictions">
      <thead><tr><th scope="col">Race</th><th scope="col" class="num">Predicted time</th><th scope="col" class="num">Likely range</th><th scope="col" class="num">Pace</th></tr></thead>
      <tbody>{props.items.map((p) => (
        <tr>
          <th scope="row">{formatRaceDistance(p.distanceM)}</th>
          <td class="num">{formatDuration(p.timeS)}</td>
          <td class="num">{p.lowS !== undefined && p.highS !== undefined ? `${formatDuration(p.lowS)} – ${formatDuration(p.highS)}` : '—'}</td>
          <td class="num">{formatRunPace(p.distanceM / p.timeS, props.units)}</td>
        </tr>
      ))}</tbody>
    </table></div>
  );
}

/** How the range is meant, and how past predictions did on the runner's own races. */
function BacktestNote(props: { cs: CsResult }) {
  const sentence = describeBacktest(props.cs.backtest);
  const found = props.cs.backtest?.racesFound ?? 0;
  return (
    <div class="small muted" id="prediction-backtest">
      <p>The likely range holds your time 4 races in 5: it is wider when your efforts scatter around the fitted line, when there are few of them, and for distances far from the ones you ran. Beyond 10 km it also allows for how much you slow down over longer races.</p>
      <p>{sentence ?? (found > 0
        ? `We found ${found} past race${found === 1 ? '' : 's'} of yours (a whole run at a standard distance); at least 2 with enough hard runs before them are needed to check the predictions.`
        : 'Once you have run 2 races (a whole run at a standard distance, such as a 5K or 10K), we check these predictions against them.')}</p>
    </div>
  );
}

export function HistoryPage(props: { runner: Runner; days: HistoryRow[]; from: string; to: string; volumeSport?: string }) {
  return (
    <>
      <h1>Training history</h1>
      <form method="get" action="/history" class="card filters">
        <div><label for="from">From</label><input id="from" name="from" type="date" value={props.from} /></div>
        <div><label for="to">To</label><input id="to" name="to" type="date" value={props.to} /></div>
        {props.volumeSport ? <input type="hidden" name="volume" value={props.volumeSport} /> : null}
        <div><button type="submit">Show</button></div>
      </form>
      <div id="history-live" data-live="upload recompute reanalyse">
        <section class="card"><h2>Fitness, fatigue and form</h2><FitnessChart days={props.days} /></section>
        <section class="card" id="volume"><h2>Weekly volume</h2><WeeklyVolumeChart days={props.days} units={props.runner.units} sport={props.volumeSport}
          hrefFor={(s) => `/history?${new URLSearchParams({ from: props.from, to: props.to, volume: s }).toString()}#volume`} /></section>
      </div>
    </>
  );
}
