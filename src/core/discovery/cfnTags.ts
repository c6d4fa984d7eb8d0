import { isNode, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** CloudFormation short-form intrinsic functions and the long form each one stands for. */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!If': 'Fn::If',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Base64': 'Fn::Base64',
  '!Split': 'Fn::Split',
  '!GetAZs': 'Fn::GetAZs',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

function plain(value: unknown): unknown {
  return isNode(value) ? value.toJSON() : value;
}

function scalarTag(tag: string, longName: string): ScalarTag {
  return {
    tag,
    resolve(value: string) {
      // `!GetAtt Resource.Attribute` is the only short form whose scalar is split into the long form's list.
      if (longName === 'Fn::GetAtt') {
        const dot = value.indexOf('.');
        return { [longName]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [longName]: value };
    },
  };
}

function collectionTag(tag: string, longName: string, collection: 'map' | 'seq'): CollectionTag {
  return {
    tag,
    collection,
    resolve(node: YAMLMap.Parsed | YAMLSeq.Parsed) {
      return { [longName]: plain(node) } as never;
    },
  } as CollectionTag;
}

/**
 * Custom tags for the `yaml` package that turn CloudFormation short forms (`!Ref X`, `!Sub ...`, `!GetAtt A.B`...)
 * into the long-form objects (`{ Ref: 'X' }`, `{ 'Fn::Sub': ... }`, `{ 'Fn::GetAtt': ['A', 'B'] }`).
 */
export const cloudFormationTags: Array<ScalarTag | CollectionTag> = Object.entries(SHORT_FORMS).flatMap(
  ([tag, longName]) => [
    scalarTag(tag, longName),
    collectionTag(tag, longName, 'seq'),
    collectionTag(tag, longName, 'map'),
  ],
);
