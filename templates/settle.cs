<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Account <?cs var:Account.Number ?></a> · <a href="/accounts/<?cs var:Account.Number ?>/settlements">Its settlements</a></p>
<h1>Settle account <?cs var:Account.Number ?></h1>
<p class="lead">Customer <?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?></p>
<dl class="facts">
  <dt>Balance</dt><dd class="balance"><?cs var:Account.Balance ?></dd>
  <dt>Owed</dt><dd class="owed"><?cs var:Account.Owed ?></dd>
  <dt>Open charges</dt><dd class="open-count"><?cs var:Account.OpenCount ?></dd>
</dl>
<?cs if:Account.NothingOwed ?>
<div class="warning" role="note"><p>This account owes nothing. A settlement now is kept as credit in hand.</p></div>
<?cs /if ?>
<?cs if:Account.OnHold || Account.Inactive ?>
<p class="hint">The account is <?cs if:Account.OnHold ?>on hold<?cs else ?>inactive<?cs /if ?>: it may still settle what it owes.</p>
<?cs /if ?>
<form method="post" action="/accounts/<?cs var:Account.Number ?>/settle" class="settle" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"posting_form.cs" ?>
  <fieldset class="group"<?cs if:Errors.method ?> aria-describedby="method-error"<?cs /if ?>>
    <legend>Paid by</legend>
<?cs if:subcount(Media) == 0 ?>
    <p class="note">The store takes no payments by cash, bank transfer, cheque or EFT / card. Turn one on in <a href="/settings">Settings</a>.</p>
<?cs /if ?>
<?cs each:m = Media ?>
    <label class="check"><input type="radio" name="method" value="<?cs var:m.Key ?>"<?cs if:Form.method == m.Key ?> checked<?cs /if ?><?cs if:m.NoBank ?> disabled aria-describedby="bank-hint"<?cs /if ?>> <?cs var:m.Label ?></label>
<?cs if:m.NoBank ?>
    <p class="hint" id="bank-hint">Bank transfers need the store's business bank account: set one up in <a href="/settings">Settings</a>.</p>
<?cs /if ?>
<?cs /each ?>
<?cs if:Errors.method ?>
    <p class="field-error" id="method-error"><?cs var:Errors.method ?><?cs if:Form.SettingsLink ?> <a href="/settings">Settings</a><?cs /if ?></p>
<?cs /if ?>
  </fieldset>
  <label for="reference">Reference <span class="hint">(optional: cheque number, transfer reference…)</span></label>
  <input id="reference" name="reference" type="text" maxlength="64" value="<?cs var:Form.reference ?>"<?cs if:Errors.reference ?> aria-invalid="true" aria-describedby="reference-error"<?cs /if ?>>
<?cs if:Errors.reference ?>
  <p class="field-error" id="reference-error"><?cs var:Errors.reference ?></p>
<?cs /if ?>
  <fieldset class="group"<?cs if:Errors.mode ?> aria-describedby="mode-error"<?cs /if ?>>
    <legend>What to settle</legend>
    <label class="check"><input type="radio" name="mode" value="whole"<?cs if:Form.mode != "lines" ?> checked<?cs /if ?>> The whole balance <span class="hint">(applied to the open charges oldest first)</span></label>
    <label class="check"><input type="radio" name="mode" value="lines"<?cs if:Form.mode == "lines" ?> checked<?cs /if ?>> Chosen transactions <span class="hint">(tick them below)</span></label>
<?cs if:Errors.mode ?>
    <p class="field-error" id="mode-error"><?cs var:Errors.mode ?></p>
<?cs /if ?>
  </fieldset>
  <label for="amount">Amount paid for the whole balance <span class="hint">(what is owed, or more: the rest is kept as credit in hand; or less: applied oldest first)</span></label>
  <input id="amount" name="amount" type="text" inputmode="decimal" value="<?cs var:Form.amount ?>"<?cs if:Errors.amount ?> aria-invalid="true" aria-describedby="amount-error"<?cs /if ?>>
<?cs if:Errors.amount ?>
  <p class="field-error" id="amount-error"><?cs var:Errors.amount ?></p>
<?cs /if ?>
<?cs if:subcount(Lines) > 0 ?>
  <table class="list lines"<?cs if:Errors.lines ?> aria-describedby="lines-error"<?cs /if ?>>
    <caption>Open charges, oldest first<?cs if:Account.LinesMore ?>: the oldest <?cs var:Account.LinesShown ?> of <?cs var:Account.OpenCount ?> are shown. Settle the whole balance to cover the rest, or settle these first.<?cs /if ?></caption>
    <thead>
      <tr>
        <th scope="col">Settle</th>
        <th scope="col">Entry</th>
        <th scope="col">Date</th>
        <th scope="col">Kind</th>
        <th scope="col" class="num">Amount</th>
        <th scope="col" class="num">Open</th>
        <th scope="col">Due</th>
        <th scope="col">Amount to settle</th>
      </tr>
    </thead>
    <tbody>
<?cs each:l = Lines ?>
      <tr>
        <td><input type="checkbox" id="line-<?cs var:l.Number ?>" name="line" value="<?cs var:l.Number ?>"<?cs if:l.Checked ?> checked<?cs /if ?>></td>
        <td><label for="line-<?cs var:l.Number ?>"><?cs var:l.Number ?></label></td>
        <td><?cs var:l.Date ?></td>
        <td><?cs var:l.Kind ?></td>
        <td class="num"><?cs var:l.Original ?></td>
        <td class="num"><?cs var:l.Open ?></td>
        <td><?cs var:l.Due ?></td>
        <td><input type="text" inputmode="decimal" id="amount-<?cs var:l.Number ?>" name="amount_<?cs var:l.Number ?>" value="<?cs var:l.Amount ?>" aria-label="Amount to settle of <?cs var:l.Number ?>"<?cs if:LineErrors[l.Number] ?> aria-invalid="true" aria-describedby="amount-<?cs var:l.Number ?>-error"<?cs /if ?>>
<?cs if:LineErrors[l.Number] ?>
          <p class="field-error" id="amount-<?cs var:l.Number ?>-error"><?cs var:LineErrors[l.Number] ?></p>
<?cs /if ?>
        </td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
<?cs else ?>
  <p class="note">There are no open charges.</p>
<?cs /if ?>
<?cs if:Errors.lines ?>
  <p class="field-error" id="lines-error"><?cs var:Errors.lines ?></p>
<?cs /if ?>
  <label for="total">Amount paid for the chosen transactions <span class="hint">(leave empty for their sum; more is applied to the other charges oldest first, then kept as credit in hand)</span></label>
  <input id="total" name="total" type="text" inputmode="decimal" value="<?cs var:Form.total ?>"<?cs if:Errors.total ?> aria-invalid="true" aria-describedby="total-error"<?cs /if ?>>
<?cs if:Errors.total ?>
  <p class="field-error" id="total-error"><?cs var:Errors.total ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
  <button type="submit">Settle</button>
</form>
<?cs /def ?>
