<?cs def:content() ?>
<p><a href="/statements">All statements</a></p>
<h1>Statements due soon</h1>
<p class="lead">Active accounts whose next statement date falls from tomorrow (<?cs var:Range.From ?>) to <?cs var:Range.To ?>. Dates are in <?cs var:Zone.Name ?>.</p>
<?cs if:Totals.Missing > 0 ?>
<p class="field-error" role="status"><?cs var:Totals.Missing ?> of them have no statement address: their statements will be issued, not sent.</p>
<?cs /if ?>
<?cs if:subcount(Due) == 0 ?>
<p class="note">No account is due a statement this week.</p>
<?cs else ?>
<table class="list statements-due">
  <thead>
    <tr>
      <th scope="col">Statement date</th>
      <th scope="col">Account</th>
      <th scope="col">Customer</th>
      <th scope="col" class="num">Balance</th>
      <th scope="col">Statement address</th>
    </tr>
  </thead>
  <tbody>
<?cs each:d = Due ?>
    <tr>
      <td class="when"><time datetime="<?cs var:d.Date ?>"><?cs var:d.Date ?></time><?cs if:d.Tomorrow ?> <span class="badge">Tomorrow</span><?cs /if ?></td>
      <td><a href="/accounts/<?cs var:d.Account ?>"><?cs var:d.Account ?></a></td>
      <td><?cs var:d.CustomerCode ?> <?cs var:d.Customer ?></td>
      <td class="num"><?cs var:d.Balance ?></td>
      <td><?cs if:d.Email ?><?cs var:d.Email ?><?cs else ?><span class="badge warn">No address</span><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs if:Totals.More ?>
<p class="note">Showing the first <?cs var:Range.Shown ?> accounts.</p>
<?cs /if ?>
<?cs /if ?>
<?cs /def ?>
