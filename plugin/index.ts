/**
 * target-kit runtime (`target-kit/plugin`): what the hosts (the CLI, the playground, NocoBase)
 * and the tests use, listed by hand so that an internal never becomes an API by accident.
 * Pure TypeScript: no Node-only or DOM-only imports, so it runs in browsers and in Node.
 * A name no host needs stays inside its room; the sample generators have their own entry,
 * `target-kit/sample` (plugin/sample/index.ts). tests/house keeps this list honest: a name
 * here that nobody imports fails it.
 */

/** Problems as data: a code, a file, a JSON pointer or row and column, zh/en messages. */
export {
  authorText, formatProblem, isRuleError, problem, type Lang, type Localized, type Problem
} from './problems.js';

/** The JsonLogic engine: rules compiled to closures, no code generation, domain operators; rules printed as formulas. */
export {
  createEngine, jsonLogicSchema, operatorReference, printFormula, truthy, type Engine, type Formula, type FormulaPiece
} from './rules/index.js';

/** Rules where the data lives: a rule compiled to one SQL expression (PostgreSQL, DuckDB) with the engine's exact results, or refused naming the node. */
export {
  compileRuleToSql, compileToSql, labelOfCode, type SqlCompileResult, type SqlDialect, type SqlInput,
  actualDatesSql, actualUnitsSql, badAmountsSql, bookingDayMap, bookingSql, readActualDates,
  boardBuckets, boardRules, boardSql, bucketOfDay, readBoardRows, type BoardRow, type BoardTreeUnit
} from './sql/index.js';
/** The board's actuals booked where they are stored, over a host's SQL connection (the NocoBase board on PostgreSQL, `track --db`): one booking loop, rows streamed through the host's driver. */
export { bookSqlActuals, bookSqlRowsAsFile, checkSqlActuals, datedRelation, dateTypeSql, integerOf, quoteName, readSqlActualDates, sqlActuals, sqlBoardSums } from './sql/index.js';

/** Bundles: reading, checking and converting them, a rule's inputs from a record, the subset an export carries, texts that quote parameters. */
export {
  bindingInputs, bundleSubset, checkSchema, createBundleLoader, defineRule, findRules, formFields,
  fromSingleFile, isJsonPath, isSingleFileBundle, locatePointer, MANIFEST_FILE, paramGroupsIn, parseJsonBytes, parseJsonText,
  referencedPaths, resolveParamTexts, resolveTemplateTexts, ruleInputs, runExamples, satisfies, subsetContents, toSingleFile, valueAt,
  withRequirements, type BundleFiles, type BundleManifest, type DefinedRule, type ExampleResult,
  type FlowDef, type FlowTransition, type LoadedBundle, type LoadResult, type ParametersFile, type RuleDef,
  type RuleInputDef, type RuleOutcome, type RulesFile, type SubsetContents, type TemplateDef, bindRule
} from './bundle/index.js';

/** Shares and weights are fractions (0.3 = 30%): exact conversion for screens and migrations. */
export {
  fractionToPercent, percentToFraction
} from './fractions.js';

/** The loader, wired with every domain's parameter checks. */
export {
  loadBundle, loadSingleFileBundle, parameterCheckRegistry
} from './domains.js';

/** CSV and text decoding (UTF-8, GBK), streaming JSON arrays, formula-safe cells (CSV injection), rows merged by key,
 * spreadsheet habits (2026/5/14, 1,200, full-width digits, Excel serial days). */
export {
  CsvError, CsvParser, CsvRecords, decodeText, decodeTextStrict, FORMULA_TRIGGERS, JsonArraySplitter, neutraliseCell,
  neutraliseCellText, parseCsv, restoreCellText, SniffingDecoder, TextDecodeError, mergeRowsByKey,
  asciiDigits, readAmountCell, readDateCell,
} from './data/index.js';

/** The runtime's version, which bundles name in their plugin range. */
export {
  PLUGIN_VERSION
} from './version.js';

/** One seeded PRNG, for anything that must come out the same on every run. */
export {
  seededRandom
} from './random.js';

/** Exact amounts: fen (分) as integers, yuan text in and out. */
export {
  fenToYuan, formatYuan, formatYuanGrouped, parseYuan, readAmount, MAX_FEN, splitByLargestRemainder, type Fen, nonNegativeAmount
} from './money/index.js';

/** The org tree: company → region → team → rep. */
export {
  buildOrgTree, readLevelCell, type OrgLevel, type OrgTree, type OrgUnitInput
} from './org/index.js';

/** Shanghai days, periods and the working-day calendar. */
export {
  addDays, dayNumber, isoWeekday, parseCalendar, parseInstant, parsePeriod, periodOf, shanghaiDay, shanghaiIso,
  shanghaiToday, type Day, type Period, type WorkingCalendar
} from './calendar/index.js';

/** The allocation model: factors, tiers and bands, the three plans, the exact cascade, the simulator's run that sets a bad lock aside. */
export {
  allocatePlan, allocatePlans, createAllocation, defaultPlanId, factorColumns, parseAllocationUnits, RISK_LABELS, SAMPLE_UNITS_DATASET, splitWithinBands,
  summarizeRisks, tierOf, unitsInCities, type AllocationUnitInput, type FactorScore, type PlanResult, type PlanUnit,
  type PreparedAllocation, type RiskCode, type SourceRow, type SplitChild, simulatePlans, type AllocationTotals
} from './allocation/index.js';
/** The simulator served over a stored org tree: the request read, the plans run, the chosen plan as a period's target rows. */
export {
  publishedTargets, readSimulationRequest, simulateStoredUnits, type PublishedTarget, type SimulationRequest, type StoredSimulation
} from './allocation/index.js';

/** Target filing: the suggested range. */
export {
  checkDeclaration, confirmedFilings, suggestFilingRange
} from './filing/index.js';
export { filingRangeForPeriod, type PeriodFilingRange } from './filing/period-range.js';
export { regionPotentialOf } from './filing/region-potential.js';

/** The rolling forecast and the volatility coefficient. */
export {
  completionRates, monthSeries, nextMonths, readForecastSettings, rollingForecast, rollingForecastFen,
  volatilityAcrossUnits, volatilityCoefficient, volatilityOverTime, weightedMovingAverage, readHistoryTable
} from './forecast/index.js';
export { unitForecasts, type UnitForecast } from './forecast/unit-forecast.js';

/** The flow engine: pure steps with coded refusals, replay of the audit trail. */
export {
  createFlowRuntime, createWorkingClock, type Actor, type FlowInstance, type FlowRuntime, type StepResult
} from './flow/index.js';

/** The plan review: publish, appeal (evidence text and files), decide (partial approval bounds), rebalance, freeze; a decided Base applied to a stored targets table. */
export {
  appealEvidence, createPlanReview, decideTargetBase, EVIDENCE_LIMITS, evidenceParts, partialApprovalRange,
  type DecidedTarget, type EvidenceFile, type PlanReview, type PlanReviewRuntime, type ReviewStep, type TargetRow
} from './review/index.js';

/** Digests: canonical JSON and SHA-256, the same in every host (their HMAC is used inside, by signLetter). */
export {
  canonicalJson, sha256Hex
} from './digest/index.js';

/** Commitment letters: text, hash, signature, the HR export; the bundle's letter flow (who issues, what is signed). */
export {
  checkLetterIssue, composeLetter, hrExport, letterFlowOf, letterHtml, letterOfStored, letterSignerOf, planLetters, signatureValid, signLetter,
  type LetterFields, type LetterFlow, type LettersParameters, type LetterTemplate, type Signature, type UnitLetter
} from './letters/index.js';

/** Tracking: actuals read and booked into periods, progress, lights, gaps, run rates, escalation and the health review, per product line. */
export {
  actualRowDay, boardView, bookActuals, createActualsBooker, createActualsReader, createEscalator, createHealthCheck, createTracker, latestActualDay, lightPercent, profileShare,
  readActivity, readActuals, readBookingSettings, latestTableDay, spreadTargets, tableRecordDay, statedTargetsPeriod, streakAlerts, targetsOfPeriod, targetUnitsOf, trackAlerts, trackCompany, trackCompanySums,
  trackBoard, trackStoredBoard, trackProductLines, trackToDate, TRACKING_RULES, weeklySeries, type ActualRow, type AdjustmentReview, type AlertsResult, type BoardUnit, type Booking, type BookingSettings,
  type EscalationAlert, type Light, type LineActual, type LineProgress, type ProgressBoard, type StoredActuals, type TimeProfile, type Tracker,
  type TrackTarget, type UnitProgress, volatilityTable
} from './tracking/index.js';
export type { ActualsSteps } from './tracking/steps.js';

/** Product lines: targets, the line targets a targets table gives and their mixes, the allocation by line. */
export {
  allocateByLine, checkProductLines, fitTable, lineMixes, readLineTargets, readProductLines, splitByProductLine, type LineAllocation,
  type LineTarget, type ProductLine, type ProductLineSettings
} from './lines/index.js';

/** Seasonal phasing into months and weeks. */
export {
  cascade, checkPhasing, DEFAULT_PHASING, phasedTrackTargets, phaseTargets, readPhasingSettings, phasedProgress,
  type PhaseBy, type PhasedUnit, type PhaseOutcome, type PhasingResult, type PhasingSettings,
  type ProfileKind, type ProfileSpec
} from './phasing/index.js';

/** Split credit for shared deals: the split table, the orders (one reader for every host), credits. */
export {
  creditAmount, creditBreakdown, creditedRevenue, creditOrders, parseShare, readOrders, readSplitAmounts, readSplits, readSplitTable, unitCredits, unknownSharers,
  type Credit, type Order, type PersonRevenue, type SplitRowInput, type SplitTable
} from './credit/index.js';

/** Scores and awards. */
export {
  createScorer, repScoreValues, scoreCompany, startScoreCompany, type CompanyScores, type PersonScore, type RankedCard, type ScoreCard
} from './scoring/index.js';

/** Competition ranking (1, 2, 2, 4). */
export {
  competitionRank
} from './ranking/index.js';

/** The points ledger. */
export {
  activityPoints, createLedger, type ActivityPoints, type Ledger, type LedgerEntry, type PostOutcome
} from './points/index.js';

/** The bonus simulator. */
export {
  boardBonuses, createBonusSimulator, paceBonuses, type BonusSimulator, type PaceBonus, type RepBonus
} from './bonus/index.js';

/** The follow-up pipeline: stages, time-outs, funnel, work orders. */
export {
  analyzePipeline, checkMove, checkPipelineParameters, countsOf, createPipelineAccumulator,
  createPipelineModel, rankTimeliness, rollUpPipeline, workOrdersOf, type Activity, type FailedCriterion,
  type FunnelRow, type Opportunity, type PipelineAnalysis, type PipelineModel, type TimelinessRow,
  type TimeoutAlert, type WorkOrderStatus, opportunityInputProblems, pipelineInputProblems,
  ACTIVITY_COLUMNS, missingColumns, proposeMove, readOpportunities, readPipelineActivities, readPipelineActivity
} from './pipeline/index.js';

/** Process indicators, the behaviour health index and the playbook. */
export {
  canSee, checkIndicatorParameters, collectedAbout, createIndicatorCollector, createIndicatorModel,
  recommend, scopeIndicatorResults, weakestTraining, type ActivityRecord, type Anomaly, type HealthPoint,
  type IndicatorDef, type IndicatorModel, type IndicatorResults, type Recommendation, type TeamHealthPoint,
  type WeeklyPoint, indicatorLight, latestIndicatorWeek
} from './indicators/index.js';

/** Notifications: a run's alerts turned into the notices people get, once each, with their resolved notes. */
export {
  dayNotices, startDayNotices, planNotifications, readNotificationSettings, weeklyDigests, robotPayload, type WeeklyDigest, type Notice, type NoticeTable, type NoticeRecipient, type NotificationSettings, type NotifyPlan
} from './notify/index.js';
