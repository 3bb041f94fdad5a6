#!/usr/bin/env node
// Checks synthesised CloudFormation templates offline against the CloudFormation resource specification that the
// CDK itself is generated from (@aws-cdk/aws-service-spec): every resource type exists, every property is known and
// of the right shape, required properties are present, allowed values are respected, every Ref / Fn::GetAtt /
// DependsOn names something that exists (and a GetAtt attribute the type really has), and the outputs the CLI reads
// are there. Usage: node validate-template.cjs <cdk.out dir> [StackName ...]. Exits 1 on any finding.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { loadAwsServiceSpecSync } = require('@aws-cdk/aws-service-spec');

const REQUIRED_OUTPUTS = ['TableName', 'StateMachineArn', 'StreamName', 'StreamArn', 'ExtensionLayerArn',
  'ExtensionLayerArm64Arn', 'Region'];
const TOP_LEVEL = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings',
  'Conditions', 'Transform', 'Resources', 'Outputs', 'Rules']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Metadata', 'Condition', 'DeletionPolicy',
  'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy']);
const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);

const [outDir, ...stackNames] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node validate-template.cjs <cdk.out dir> [StackName ...]');
  process.exit(2);
}

const db = loadAwsServiceSpecSync();
const findings = [];

function resourceSpec(type) {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
  return found.length === 1 ? found[0] : undefined;
}

function isIntrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function checkValue(where, type, value) {
  if (isIntrinsic(value)) return; // resolved at deploy time; references are checked separately
  switch (type.type) {
    case 'string':
      if (typeof value !== 'string' && typeof value !== 'number') findings.push(`${where}: expected a string`);
      else if (type.allowedValues && typeof value === 'string' && !type.allowedValues.includes(value)) {
        findings.push(`${where}: '${value}' is not one of ${type.allowedValues.join(', ')}`);
      }
      return;
    case 'integer':
    case 'number':
      if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) return;
      findings.push(`${where}: expected a number, got ${JSON.stringify(value)}`);
      return;
    case 'boolean':
      if (typeof value === 'boolean' || value === 'true' || value === 'false') return;
      findings.push(`${where}: expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'json':
    case 'date-time':
    case 'null':
      return;
    case 'tag':
      if (typeof value !== 'object' || value === null || !('Key' in value) || !('Value' in value)) {
        findings.push(`${where}: expected a {Key, Value} tag`);
      }
      return;
    case 'array':
      if (!Array.isArray(value)) { findings.push(`${where}: expected a list`); return; }
      value.forEach((v, i) => checkValue(`${where}[${i}]`, type.element, v));
      return;
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        findings.push(`${where}: expected a map`);
        return;
      }
      for (const [k, v] of Object.entries(value)) checkValue(`${where}.${k}`, type.element, v);
      return;
    case 'union': {
      const before = findings.length;
      for (const option of type.types) {
        const mark = findings.length;
        checkValue(where, option, value);
        if (findings.length === mark) { findings.length = before; return; }
        findings.length = mark;
      }
      findings.push(`${where}: matches none of the allowed shapes`);
      return;
    }
    case 'ref': {
      const definition = db.get('typeDefinition', type.reference.$ref);
      checkObject(where, definition.properties, value);
      return;
    }
    default:
      return;
  }
}

function checkObject(where, properties, value) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    findings.push(`${where}: expected an object`);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    const spec = properties[name];
    if (!spec) { findings.push(`${where}: unknown property ${name}`); continue; }
    const mark = findings.length;
    checkValue(`${where}.${name}`, spec.type, v);
    // Older shapes CloudFormation still accepts.
    if (findings.length > mark && spec.previousTypes) {
      for (const old of spec.previousTypes) {
        const again = findings.length;
        checkValue(`${where}.${name}`, old, v);
        if (findings.length === again) { findings.length = mark; break; }
        findings.length = again;
      }
    }
  }
  for (const [name, spec] of Object.entries(properties)) {
    if (spec.required && !(name in value)) findings.push(`${where}: required property ${name} is missing`);
  }
}

function checkReferences(where, node, template) {
  if (Array.isArray(node)) { node.forEach((n, i) => checkReferences(`${where}[${i}]`, n, template)); return; }
  if (node === null || typeof node !== 'object') return;
  if ('Ref' in node && typeof node.Ref === 'string') {
    const target = node.Ref;
    if (!PSEUDO.has(target) && !(target in (template.Resources || {})) && !(target in (template.Parameters || {}))) {
      findings.push(`${where}: Ref to unknown ${target}`);
    }
  }
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = Array.isArray(node['Fn::GetAtt']) ? node['Fn::GetAtt'] : node['Fn::GetAtt'].split('.');
    const target = (template.Resources || {})[logicalId];
    if (!target) {
      findings.push(`${where}: Fn::GetAtt on unknown ${logicalId}`);
    } else {
      const spec = resourceSpec(target.Type);
      if (spec && !(attribute in spec.attributes)) {
        findings.push(`${where}: ${target.Type} has no attribute ${attribute}`);
      }
    }
  }
  for (const [k, v] of Object.entries(node)) checkReferences(`${where}.${k}`, v, template);
}

function validate(file, requireOutputs) {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  const name = path.basename(file);
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.has(key)) findings.push(`${name}: unknown top-level section ${key}`);
  }
  const resources = template.Resources || {};
  if (Object.keys(resources).length === 0) findings.push(`${name}: no resources`);
  if (Object.keys(resources).length > 500) findings.push(`${name}: more than 500 resources`);
  for (const [id, resource] of Object.entries(resources)) {
    const where = `${name}: ${id}`;
    for (const key of Object.keys(resource)) {
      if (!RESOURCE_KEYS.has(key)) findings.push(`${where}: unknown resource attribute ${key}`);
    }
    for (const dep of [].concat(resource.DependsOn || [])) {
      if (!(dep in resources)) findings.push(`${where}: DependsOn unknown ${dep}`);
    }
    if (resource.Type === 'AWS::CDK::Metadata' || resource.Type.startsWith('Custom::')) continue;
    const spec = resourceSpec(resource.Type);
    if (!spec) { findings.push(`${where}: unknown resource type ${resource.Type}`); continue; }
    checkObject(`${where} (${resource.Type})`, spec.properties, resource.Properties || {});
  }
  checkReferences(name, { Resources: resources, Outputs: template.Outputs || {} }, template);
  if (requireOutputs) {
    for (const output of REQUIRED_OUTPUTS) {
      if (!template.Outputs || !template.Outputs[output] || template.Outputs[output].Value === undefined) {
        findings.push(`${name}: output ${output} is missing`);
      }
    }
  }
  return Object.keys(resources).length;
}

const files = fs.readdirSync(outDir).filter((f) => f.endsWith('.template.json'));
if (files.length === 0) {
  console.error(`no *.template.json in ${outDir}`);
  process.exit(1);
}
const wanted = stackNames.length ? stackNames : files.map((f) => f.replace(/\.template\.json$/, ''));
let checked = 0;
for (const stack of wanted) {
  const file = path.join(outDir, `${stack}.template.json`);
  if (!fs.existsSync(file)) { findings.push(`${stack}: no template ${file}`); continue; }
  const count = validate(file, true);
  console.log(`${stack}: ${count} resources checked against the CloudFormation resource specification`);
  checked++;
}
if (findings.length) {
  for (const f of findings) console.error(`INVALID ${f}`);
  console.error(`${findings.length} finding(s) in ${checked} template(s)`);
  process.exit(1);
}
console.log(`${checked} template(s) valid`);
