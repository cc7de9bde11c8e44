/**
 * Sport names from GPX `<type>` and TCX `Sport=` onto the FIT profile's sport strings the rest
 * of Pacelab uses ('running', 'cycling', …), and the families duplicate detection compares.
 * Strava's GPX writes `<type>` as the number of its activity type (unpublished; the mapping
 * below keeps only the numbers seen in real exports: 1 Ride, 4 Hike, 9 Run, 10 Walk, 16 Swim,
 * 17 E-Bike Ride, 32 Virtual Ride, 33 Virtual Run); other apps write a word.
 */
export interface SportName {
  sport: string;
  subSport?: string;
}

const STRAVA_NUMBERS: Record<string, SportName> = {
  '1': { sport: 'cycling' },
  '4': { sport: 'hiking' },
  '9': { sport: 'running' },
  '10': { sport: 'walking' },
  '16': { sport: 'swimming' },
  '17': { sport: 'cycling', subSport: 'e_bike_fitness' },
  '32': { sport: 'cycling', subSport: 'virtual_activity' },
  '33': { sport: 'running', subSport: 'virtual_activity' },
};

const WORDS: Array<[RegExp, SportName]> = [
  [/^(trail ?run(ning)?|trail_running)$/, { sport: 'running', subSport: 'trail' }],
  [/^(treadmill( ?run(ning)?)?|treadmill_running)$/, { sport: 'running', subSport: 'treadmill' }],
  [/^(virtual ?run|virtual_running)$/, { sport: 'running', subSport: 'virtual_activity' }],
  [/^(run|running|jogging|street_running|track_running)$/, { sport: 'running' }],
  [/^(ride|biking|cycling|bike|road_biking|mountain_biking|mountain ?bike ?ride|gravel ?ride|gravel_cycling|virtual ?ride|indoor_cycling|e ?bike ?ride)$/, { sport: 'cycling' }],
  [/^(walk|walking|casual_walking|speed_walking)$/, { sport: 'walking' }],
  [/^(hike|hiking)$/, { sport: 'hiking' }],
  [/^(swim|swimming|open_water_swimming|lap_swimming)$/, { sport: 'swimming' }],
];

/** GPX `<type>`: a Strava number or a word; unknown → 'generic' (something, but not known to be a run). */
export function sportFromGpxType(type: string | undefined): SportName {
  if (type === undefined || type.trim() === '') return { sport: 'running' };
  const t = type.trim().toLowerCase();
  if (/^\d+$/.test(t)) return STRAVA_NUMBERS[String(Number(t))] ?? { sport: 'generic' };
  return sportFromWord(t);
}

/** TCX `Sport=`: Running, Biking or Other (v2 schema). */
export function sportFromTcx(sport: string | undefined): SportName {
  if (sport === undefined || sport.trim() === '') return { sport: 'running' };
  if (sport === 'Other') return { sport: 'generic' };
  return sportFromWord(sport.trim().toLowerCase());
}

function sportFromWord(word: string): SportName {
  for (const [pattern, name] of WORDS) if (pattern.test(word)) return { ...name };
  return { sport: 'generic' };
}

/**
 * Sports that one recording may be labelled with by different sources: a walk a watch called
 * 'running', a hike an app called 'walking'. Used by duplicate detection only.
 */
export function sportFamily(sport: string | undefined): string {
  switch (sport) {
    case 'running':
    case 'walking':
    case 'hiking':
    case undefined:
    case 'generic':
      return 'foot';
    case 'cycling':
    case 'e_biking':
      return 'cycle';
    default:
      return sport;
  }
}
