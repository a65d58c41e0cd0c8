declare module '@asymmetrik/fhir-json-schema-validator' {
  /** Validates FHIR R4 resources against the official JSON schema; returns the errors (empty when valid). */
  export default class JSONSchemaValidator {
    constructor(schema?: unknown, ajvSettings?: Record<string, unknown>);
    validate(resource: unknown, verbose?: boolean): unknown[];
  }
}
