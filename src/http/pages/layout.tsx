/** The page shell: skip link, header navigation, the jobs banner, main content; assets by hashed URL. */
import type { Child } from 'hono/jsx';
import type { Runner } from '../../ports';
import { ASSETS, ICONS } from '../web/assets';
import { type BannerItem, JobsBanner } from './banner';

export interface LayoutProps {
  title: string;
  runner?: Runner;
  /** the nav entry to mark as current */
  nav?: 'dashboard' | 'upload' | 'sessions' | 'records' | 'history' | 'plans' | 'settings';
  banner?: BannerItem[];
  scripts?: string[];
  children?: Child;
}

const NAV = [
  ['dashboard', '/', 'Dashboard'], ['upload', '/upload', 'Upload'], ['sessions', '/sessions', 'Sessions'],
  ['records', '/records', 'Records'], ['history', '/history', 'History'], ['plans', '/plans', 'Plans'], ['settings', '/settings', 'Settings'],
] as const;

function NavList(props: { current: LayoutProps['nav'] }) {
  return (
    <ul>
      {NAV.map(([key, href, label]) => <li><a href={href} aria-current={props.current === key ? 'page' : undefined}>{label}</a></li>)}
      <li>
        <form class="inline" method="post" action="/sign-out">
          <button class="linklike" type="submit">Sign out</button>
        </form>
      </li>
    </ul>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Pacelab</title>
        <meta name="theme-color" content="#102a43" />
        <link rel="icon" href={ICONS.svg.path} type="image/svg+xml" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="apple-touch-icon" href={ICONS.png180.path} />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="stylesheet" href={ASSETS.css.path} />
        {props.runner ? <><script src={ASSETS.banner.path} defer></script><script src={ASSETS.live.path} defer></script><script src={ASSETS.charts.path} defer></script></> : null}
        <script src={ASSETS.forms.path} defer></script>
        {(props.scripts ?? []).map((src) => <script src={src} defer></script>)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/"><img src={ICONS.svg.path} alt="" width="28" height="28" />Pacelab</a>
            {props.runner ? (
              <>
                <nav class="main wide" aria-label="Main"><NavList current={props.nav} /></nav>
                {/* Phones: one row and a menu button (details/summary: works without script). */}
                <details class="menu narrow">
                  <summary aria-label="Menu"><span class="burger" aria-hidden="true"></span>Menu</summary>
                  <nav class="main" aria-label="Main (menu)"><NavList current={props.nav} /></nav>
                </details>
              </>
            ) : (
              <nav class="main account" aria-label="Account"><ul><li><a href="/sign-in">Sign in</a></li><li><a href="/sign-up">Sign up</a></li></ul></nav>
            )}
          </div>
        </header>
        {props.runner ? <JobsBanner items={props.banner ?? []} /> : null}
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}
