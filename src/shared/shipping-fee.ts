// The shipping fee engine: pure, integer minor units, every step of the computation returned so
// the UI can show how a fee was made. Services feed it the order's value, weight, item count and
// destination; the rule comes from the delivery method.

import { invalid } from './errors.ts';

export const DELIVERY_KINDS = ['express', 'local', 'pickup', 'freight'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** How the base fee is priced before zones, surcharges and the free threshold. */
export type BaseFee =
  | { readonly kind: 'flat'; readonly amount: number }
  /** Chinese courier style: the first weight unit costs firstFee, each started further step costs stepFee. */
  | { readonly kind: 'weight'; readonly firstGrams: number; readonly firstFee: number; readonly stepGrams: number; readonly stepFee: number }
  /** By order value: the band with the greatest `from` at or below the order value applies. */
  | { readonly kind: 'value'; readonly bands: readonly { readonly from: number; readonly fee: number }[] };

export type FeeZone = {
  readonly name: string;
  /** `CN` (a whole country) or `CN/Guangdong` (one region of it); matched case-insensitively. */
  readonly regions: readonly string[];
  readonly base: BaseFee;
};

export type FeeRule = {
  readonly base: BaseFee;
  /** Destination zones; the most specific match (country/region over country) wins, then the first listed. */
  readonly zones?: readonly FeeZone[] | undefined;
  /** Orders whose value is at or above this amount ship free. */
  readonly freeFrom?: number | null | undefined;
  /** Added per unit shipped. */
  readonly perItem?: number | undefined;
};

export type FeeInput = {
  readonly kind: DeliveryKind;
  /** Order value (gross, minor units) the value bands and the free threshold look at. */
  readonly orderValue: number;
  readonly weightGrams: number;
  readonly items: number;
  readonly country: string | null;
  readonly region: string | null;
};

export type FeeStep =
  | { readonly step: 'pickup_free'; readonly amount: 0 }
  | { readonly step: 'zone'; readonly amount: 0; readonly zone: string }
  | { readonly step: 'flat'; readonly amount: number }
  | { readonly step: 'first_weight'; readonly amount: number; readonly grams: number }
  | { readonly step: 'additional_weight'; readonly amount: number; readonly steps: number; readonly stepGrams: number; readonly stepFee: number }
  | { readonly step: 'value_band'; readonly amount: number; readonly from: number }
  | { readonly step: 'per_item'; readonly amount: number; readonly items: number; readonly each: number }
  | { readonly step: 'free_from'; readonly amount: number; readonly threshold: number };

export type FeeQuote = { readonly fee: number; readonly zone: string | null; readonly steps: readonly FeeStep[] };

const norm = (s: string) => s.trim().toLowerCase();

/** The zone for a destination: a country/region entry beats a country entry; ties go to the earlier zone. */
export function matchZone(zones: readonly FeeZone[], country: string | null, region: string | null): FeeZone | null {
  if (!country) return null;
  const c = norm(country);
  const r = region ? norm(region) : null;
  let best: { zone: FeeZone; score: number } | null = null;
  for (const zone of zones) {
    for (const entry of zone.regions) {
      const [ec, ...rest] = entry.split('/');
      const er = rest.length > 0 ? norm(rest.join('/')) : null;
      if (norm(ec ?? '') !== c) continue;
      const score = er === null ? 1 : er === r ? 2 : 0;
      if (score > 0 && (best === null || score > best.score)) best = { zone, score };
    }
  }
  return best?.zone ?? null;
}

function baseSteps(base: BaseFee, input: FeeInput): FeeStep[] {
  switch (base.kind) {
    case 'flat':
      return [{ step: 'flat', amount: base.amount }];
    case 'weight': {
      const first: FeeStep = { step: 'first_weight', amount: base.firstFee, grams: base.firstGrams };
      const over = input.weightGrams - base.firstGrams;
      if (over <= 0) return [first];
      const steps = Math.ceil(over / base.stepGrams);
      return [first, { step: 'additional_weight', amount: steps * base.stepFee, steps, stepGrams: base.stepGrams, stepFee: base.stepFee }];
    }
    case 'value': {
      let band: { from: number; fee: number } | null = null;
      for (const b of base.bands) if (b.from <= input.orderValue && (band === null || b.from > band.from)) band = b;
      return band ? [{ step: 'value_band', amount: band.fee, from: band.from }] : [{ step: 'value_band', amount: 0, from: 0 }];
    }
  }
}

/**
 * The fee for one shipment of an order. Store pickup is always free. Otherwise: the zone's base
 * (or the rule's base), plus the per-item surcharge; an order at or above `freeFrom` pays nothing.
 * Fails with `invalid` naming `weightGrams` when the result would leave the safe integer range.
 */
export function computeShippingFee(rule: FeeRule, input: FeeInput): FeeQuote {
  if (input.kind === 'pickup') return { fee: 0, zone: null, steps: [{ step: 'pickup_free', amount: 0 }] };
  const zone = rule.zones ? matchZone(rule.zones, input.country, input.region) : null;
  const steps: FeeStep[] = zone ? [{ step: 'zone', amount: 0, zone: zone.name }] : [];
  steps.push(...baseSteps(zone ? zone.base : rule.base, input));
  if (rule.perItem && input.items > 0) steps.push({ step: 'per_item', amount: rule.perItem * input.items, items: input.items, each: rule.perItem });
  const total = steps.reduce((s, x) => s + x.amount, 0);
  if (!Number.isSafeInteger(total)) throw invalid('weightGrams', 'The shipping fee for this order is beyond any sensible amount; check the weights and the fee rule');
  if (rule.freeFrom !== null && rule.freeFrom !== undefined && input.orderValue >= rule.freeFrom && total > 0) {
    steps.push({ step: 'free_from', amount: -total, threshold: rule.freeFrom });
    return { fee: 0, zone: zone?.name ?? null, steps };
  }
  return { fee: total, zone: zone?.name ?? null, steps };
}

/** Fills `{tracking}` in a carrier's link template with the URL-encoded tracking number. */
export function trackingLink(template: string | null, trackingNumber: string): string | null {
  if (!template || !template.includes('{tracking}')) return null;
  return template.replaceAll('{tracking}', encodeURIComponent(trackingNumber));
}
