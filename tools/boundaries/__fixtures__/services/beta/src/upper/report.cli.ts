// Violation on purpose: a feature file reaching for the service's composition root.
import { BetaModule } from '../beta.module';
export const report = (): string => String(BetaModule);
