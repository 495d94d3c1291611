/** Short citations shown beside every default threshold (full references: README, "Risk flags and trends"). */
export const SOURCES = {
  opar2013: 'Opar 2013',
  opar2015: 'Opar 2015',
  timmins2016: 'Timmins 2016',
  bourne2015: 'Bourne 2015',
  hopkins2004: 'Hopkins 2004',
  bueno2021: 'Bueno 2021',
  ripley2021: 'Ripley 2021',
  petersen2011: 'Petersen 2011',
  article: 'Beer (article)',
  freckleton2014: 'Freckleton 2014',
  maniar2016: 'Maniar 2016',
  twoGate: 'two-gate rule (handbook)',
  eccentric: 'Eccentric default',
} as const;

/** What a reason cites when the team changed a default: its own citation, or "team setting". */
export const TEAM_SETTING = 'team setting';
