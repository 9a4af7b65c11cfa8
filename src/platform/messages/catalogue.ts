// The report form's item catalogue (src/reporting/catalogue/): a field's problem (what was typed
// does not parse, a required item is empty, a cross-field rule) and the CSV's problems by line.
export const catalogue = {} as const;
